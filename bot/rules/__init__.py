"""Ground rules (spilleregler): what a team agreed about sparring, written together."""
