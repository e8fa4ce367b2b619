public enum ProbabilityStub {}
