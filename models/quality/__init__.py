"""Whether what officers bring back is plausible: age heaping, birth dates, sex ratio, household size, pace."""
