"""Talking to a MediaWiki through its Action API (mwclient): the one place advoc
makes HTTP requests, as advoc/git is the one place it runs git."""
