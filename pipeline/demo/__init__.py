"""The demo: a loopback server for the embedded demo site (the site itself is data/demo/)."""
