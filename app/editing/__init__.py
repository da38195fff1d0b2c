"""The one write path of the knowledge base, shared by the admin's forms, its review queue and the
write API: events (`events`, `merging`), reference data (`references`).

Every public function takes keyword arguments, owns its transaction, validates what it is given
(raising InvalidParameters that name every bad field), and leaves a trace: a Revision with a
field-level diff for events, a ReferenceRevision for reference data. Nothing here knows about
HTTP; routes translate requests into drafts and errors into pages or problem+json.
"""
