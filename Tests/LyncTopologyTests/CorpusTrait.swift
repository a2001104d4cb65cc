import Testing
@_exported import LyncTopologyTestSupport

extension Trait where Self == ConditionTrait {
    /// A test that reads the public corpus: skipped, with the reason, when the corpus is not there.
    static var needsCorpus: Self { .enabled(if: Corpus.isAvailable, Comment(rawValue: Corpus.skipReason)) }
}
