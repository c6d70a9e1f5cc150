"""Exit-entry document services: applications, appointments, review, issuance (出入境证件办理)."""
