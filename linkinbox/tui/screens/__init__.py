"""The app's screens: the inbox and the dialogs over it (help, import, editor, stats, …)."""
