"""Developer tools, apart from the product: benchmarks, synthetic archives,
page weight in Chromium and a local server."""
