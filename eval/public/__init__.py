"""Whole-pipeline figures on the public customer-service sets (read in place)."""
