"""The applicant portal: accounts with one-time codes, notifications, payments and receipts."""
