//! docspec-macros
