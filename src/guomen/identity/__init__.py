"""Identity and access: users, roles, data scopes, sessions, API tokens, the central policy."""
