import Regression
import Tabular

extension CreditModel {
    /// The type of every input column the model reads, as it saw them in training, so a scoring file is read
    /// the same way (codes like "01" stay categories; a scorecard's characteristics keep their bins' type,
    /// although its schema lists them as numeric WoE terms).
    public var inputColumnTypes: [String: ColumnType] {
        var types: [String: ColumnType] = [:]
        for predictor in schema.predictors {
            switch predictor.kind {
            case .numeric: types[predictor.name] = .numeric
            case .categorical: types[predictor.name] = .categorical
            }
        }
        for characteristic in scorecard?.characteristics ?? [] { types[characteristic.name] = characteristic.bins.type }
        return types
    }
}
