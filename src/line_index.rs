//! Byte offsets to and from line/column positions, in UTF-8 or UTF-16 columns.
