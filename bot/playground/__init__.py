"""The playground: the real bot against a local Slack simulator, tried in a browser.

``slack`` is the simulator (Web API, Socket Mode, Block Kit limits) that the tests use too;
the rest runs it for people: seeding a demo team, a small web page, a clock for timed work.
"""
