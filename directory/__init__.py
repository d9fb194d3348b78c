"""The domain of Partner Directory: models, vocabulary and rules, and the services that own every write.

``directory`` imports neither ``api`` nor ``search``.
"""
