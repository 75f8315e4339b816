"""Curated knowledge: word lists, lexicons and alias tables, each with a header on its source."""
