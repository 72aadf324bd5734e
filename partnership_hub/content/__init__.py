"""Editing the directory, shared by the two staff workspaces: a partnership's admins edit its local
categories and entries (and hide, pin or annotate national ones), the national maintainer edits the
national catalogue. One set of forms (forms.py), views (views.py) and templates (templates/content/)
serves both; a :class:`~.workspace.Workspace` says what differs."""
