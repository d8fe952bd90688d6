"""Teams (a team is a channel): set-up and members, participation, topics and expert roles, the
lead's settings, with their Block Kit builders."""
