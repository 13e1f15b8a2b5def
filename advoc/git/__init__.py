"""Every git command advoc runs: reading revisions and history, building a
proposal's commit aside. No other module starts git."""
