"""Whether what officers bring back is plausible, officer by officer."""
