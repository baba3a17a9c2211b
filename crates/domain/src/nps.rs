//! NPS rules: campaign status, overlap, score math.
