"""Council data packs and the loaders and validators that read them and uploaded files."""
