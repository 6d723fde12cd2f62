"""The confirmation dialogs of an order's actions (renew, change plan, add-ons, delete, ...)."""
