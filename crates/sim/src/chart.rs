//! Charts of a run as SVG.
