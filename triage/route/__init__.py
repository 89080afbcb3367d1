"""route package."""
