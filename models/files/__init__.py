"""Writing output files: under a temporary name first, readable by their owner only."""
