"""Reports for statisticians: pivot tables over persons and outcomes, Stata and SPSS exports."""
