"""Applicant portal (申请人门户): applicant accounts with one-time codes, notifications,
payments and receipts. Pure core: ports here, adapters under ``guomen.adapters``."""
