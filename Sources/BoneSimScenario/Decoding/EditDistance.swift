import BoneSimPhysiology

/// " (did you mean 'x'?)" or "", by `nearestSpelling(of:in:)`.
func didYouMean(_ name: String, in candidates: [String]) -> String {
  nearestSpelling(of: name, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
}

/// The candidate a user most likely meant by `name`: a close spelling, else the one candidate
/// whose words (split at `_`) all appear in `name` or that contains all of `name`'s words
/// (`micronized_progesterone` → `progesterone`, `resistance` → `moderate_resistance`).
func nearMiss(of name: String, in candidates: [String]) -> String? {
  if let n = nearestSpelling(of: name, in: candidates) { return n }
  let words = Set(name.lowercased().split(whereSeparator: { $0 == "_" || $0 == " " || $0 == "-" }).map(String.init))
  guard !words.isEmpty else { return nil }
  let matches = candidates.filter { c in
    let cw = Set(c.lowercased().split(separator: "_").map(String.init))
    return cw.isSubset(of: words) || words.isSubset(of: cw)
  }
  return matches.count == 1 ? matches[0] : nil
}

/// " (did you mean 'x'?)" or "", by `nearMiss(of:in:)`.
func didYouMeanNearMiss(_ name: String, in candidates: [String]) -> String {
  nearMiss(of: name, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
}
