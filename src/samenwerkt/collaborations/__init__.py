"""Collaboration plans (issue 9): a company's plan that follows the handbook's three
steps, shared with the school it invites. Its rules people argue about are pure tables:
the status moves (workflow.py)."""
