//! graph-calls
