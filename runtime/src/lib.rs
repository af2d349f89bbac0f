//! docspec-runtime
