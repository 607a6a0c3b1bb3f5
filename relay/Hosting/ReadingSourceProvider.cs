using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>The seam between <c>relay run</c> and the sensors part's source factory.</summary>
internal delegate IReadingSource ReadingSourceProvider(SourceRequest request);
