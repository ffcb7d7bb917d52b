"""The committee pack: headline figures, a static supply map, exported charts and the PDF."""
