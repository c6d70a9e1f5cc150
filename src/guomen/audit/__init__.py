"""The tamper-evident audit trail: every change and every read of personal data."""
