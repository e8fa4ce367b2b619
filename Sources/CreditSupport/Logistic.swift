import Foundation

/// The logistic function, the inverse of the log-odds: the PD of a linear predictor.
package enum Logistic {
    /// π(η) = 1 / (1 + e^(−η)), evaluated as e^η / (1 + e^η) for η < 0 so that the exponential never exceeds 1.
    ///
    /// Every fit, score and simulation in the package takes its probabilities from here (the Newton pass of the
    /// plain and Firth fits computes π together with log(1 + e^(−|η|)) in one kernel, from the same e^(−|η|)).
    /// Accurate to a few ulps over the whole line; π(±∞) = 1 and 0, π(NaN) = NaN. Agrees with scipy.special.expit
    /// and R's plogis to a few ulps.
    @inlinable
    package static func probability(logOdds eta: Double) -> Double {
        eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
    }
}
