"""Chart specs, traces, annotations and badge texts: the Qt-free half of the live charts."""
