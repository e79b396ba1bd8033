/// Levenshtein distance between two strings (insertions, deletions, substitutions).
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a.lowercased()), b = Array(b.lowercased())
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      current[j] = Swift.min(
        previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}

/// The candidate closest to `name`, if close enough to be a plausible typo.
func nearest(_ name: String, in candidates: [String]) -> String? {
  let best = candidates.map { ($0, editDistance($0, name)) }.min { $0.1 < $1.1 }
  guard let best, best.1 <= Swift.max(2, name.count / 3) else { return nil }
  return best.0
}

/// " (did you mean 'x'?)" or "".
func didYouMean(_ name: String, in candidates: [String]) -> String {
  nearest(name, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
}
