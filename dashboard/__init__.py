"""Dashboard: query layer (queries), cache wrappers (data), chart builders (charts), labels (i18n)."""
