"""Tools for maintainers and reviewers: spider scaffolding and checks, the review page."""
