using System.Text;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>The strace parser on lines recorded from strace 6.1 (-f -ttt -yy -xx), so the probe reads what strace writes.</summary>
public sealed class StraceLogTests
{
    [Fact]
    public void UnfinishedAndResumedLines_AreJoinedPerPid_WithEntryAndExitOrder()
    {
        var log = StraceLog.Parse(
        [
            "9420  1795606404.337687 read(0<TCP:[127.0.0.1:18835->127.0.0.1:59762]>,  <unfinished ...>",
            "9424  1795606404.406122 fsync(5<\\x2f\\x74\\x6d\\x70\\x2f\\x64\\x62\\x2f\\x64\\x61\\x74\\x61>) = 0",
            "9420  1795606404.436812 <... read resumed>\"\\x32\\x0f\", 4096) = 2",
            "9424  1795606404.5 +++ exited with 0 +++",
        ]);

        Assert.Empty(log.Unparsed);
        Assert.Equal(2, log.Calls.Count);
        var fsync = log.Calls[0];
        Assert.Equal("fsync", fsync.Name);
        Assert.Equal("/tmp/db/data", fsync.FdTarget);
        Assert.True(fsync.IsPath);
        var read = log.Calls[1];
        Assert.Equal(("read", 9420, 0, 2, 0), (read.Name, read.Pid, read.StartLine, read.EndLine, read.Fd!.Value));
        Assert.Equal("TCP:[127.0.0.1:18835->127.0.0.1:59762]", read.FdTarget);
        Assert.Equal(new byte[] { 0x32, 0x0f }, read.Data);
        Assert.Equal(2, read.ReturnValue);
        Assert.True(read.StartTime < read.EndTime);
    }

    [Fact]
    public void SendmsgIovecs_AreConcatenated_AndErrorsHaveTheirReturnValue()
    {
        var log = StraceLog.Parse(
        [
            "77 1795606404.1 sendmsg(12<TCPv6:[[::ffff:127.0.0.1]:1883->[::ffff:127.0.0.1]:40000]>, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"\\x40\\x02\", iov_len=2}, {iov_base=\"\\x00\\x07\", iov_len=2}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, MSG_NOSIGNAL) = 4",
            "77 1795606404.2 recvfrom(12<TCPv6:[[::ffff:127.0.0.1]:1883->[::ffff:127.0.0.1]:40000]>, 0x7f00, 8192, 0, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable)",
            "77 1795606404.3 write(1<pipe:[123]>, \"abc\"..., 10) = 10",
        ]);

        Assert.Equal(new byte[] { 0x40, 0x02, 0x00, 0x07 }, log.Calls[0].Data);
        Assert.Equal("TCPv6:[[::ffff:127.0.0.1]:1883->[::ffff:127.0.0.1]:40000]", log.Calls[0].FdTarget);
        Assert.Equal(-1, log.Calls[1].ReturnValue);
        Assert.False(log.Calls[1].Succeeded);
        Assert.True(log.Calls[2].DataTruncated);
        Assert.False(log.Calls[0].DataTruncated);
    }

    [Fact]
    public void MqttWire_SplitsAStream_IntoPacketsWithIdsAndTopics()
    {
        var topic = Encoding.UTF8.GetBytes("smartmeter/m1/reading");
        byte[] publish = [0x32, (byte)(2 + topic.Length + 2 + 2), 0x00, (byte)topic.Length, .. topic, 0x01, 0x2c, (byte)'{', (byte)'}'];
        byte[] stream = [.. publish, 0x40, 0x02, 0x01, 0x2c, 0xc0, 0x00, 0x32, 0x7f];

        var packets = MqttWire.Split(stream);

        Assert.Equal(3, packets.Count); // the trailing partial PUBLISH is left out
        Assert.Equal((MqttWirePacket.Publish, 1, 300, "smartmeter/m1/reading"), (packets[0].Type, packets[0].QoS, packets[0].PacketId!.Value, packets[0].Topic));
        Assert.Equal("{}"u8.ToArray(), packets[0].Payload);
        Assert.Equal((MqttWirePacket.PubAck, 300, (long)publish.Length), (packets[1].Type, packets[1].PacketId!.Value, packets[1].Offset));
        Assert.Equal(12, packets[2].Type);
    }
}
