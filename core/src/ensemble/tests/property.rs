//! Safety properties over many seeds with random crashes, restarts and partitions.
