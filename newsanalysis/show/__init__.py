"""Plot builders (plotly Figures) and widget factories (ipywidgets), one module per concept.

They only call the pure functions of the analysis modules; see ``newsanalysis.__init__``
for the names re-exported at the top level."""
