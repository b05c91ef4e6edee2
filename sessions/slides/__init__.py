"""Classroom slides from the live course pages: one deck (``deck``), drawn as an HTML presentation
on reveal.js (``html``) or as an editable PowerPoint file (``pptx``)."""
