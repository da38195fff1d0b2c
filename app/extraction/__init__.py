"""Turning the text of an analysis into candidate events, with no database, HTTP or settings.

Everything in this package is pure: it takes text and reference data (the gazetteers and the
trigger lexicon, passed in as objects) and returns values. It never raises on unusual text; a
passage that looks like an event but gives none is reported with the reason, for editors.
Nothing here may key on the wording of particular documents: rules are general, and curated
vocabulary lives in data/.
"""
