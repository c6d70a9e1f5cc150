"""Entitlement: who may enter, stay or leave, and for how long (dated, cited policy tables)."""
