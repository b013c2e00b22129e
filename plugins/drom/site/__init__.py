"""The MkDocs side of drom: a thin plugin over the curriculum library, and the static-i18n integration."""
