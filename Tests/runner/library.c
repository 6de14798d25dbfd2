int library_triple(int x) { return 3 * x; }
