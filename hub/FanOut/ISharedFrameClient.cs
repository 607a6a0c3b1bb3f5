namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// A coach client that takes a <see cref="SharedFrame"/> itself as the <c>Samples</c> argument, so the protocol finds the
/// frame's bytes on it (<see cref="FrameSharingProtocol"/>). A client without it is sent the frame
/// (<see cref="SharedFrame.Frame"/>).
/// </summary>
internal interface ISharedFrameClient
{
    Task Samples(SharedFrame frame);
}
