import BoneSimPhysiology

/// " (did you mean 'x'?)" or "", by `nearestSpelling(of:in:)`.
func didYouMean(_ name: String, in candidates: [String]) -> String {
  nearestSpelling(of: name, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
}
