"""The Qt user interface: widgets, dialogs, wizards and table models. Views call services, never SQL."""
