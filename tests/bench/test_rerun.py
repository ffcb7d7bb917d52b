"""The rerun benchmark reads a rerun's server time and contents from websocket frames."""

from __future__ import annotations

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.rerun import _map_path, _read_rerun, _Socket
from components.map_view import COMPONENT_NAME as MAP_COMPONENT

MAP_PATH = (0, 1, 4)


def _rerun_request(fragment_id: str = "") -> bytes:
    message = BackMsg()
    message.rerun_script.fragment_id = fragment_id
    return message.SerializeToString()


def _element(path: tuple[int, ...], component: str = "") -> bytes:
    message = ForwardMsg()
    message.metadata.delta_path.extend(path)
    if component:
        message.delta.new_element.bidi_component.component_name = component
    else:
        message.delta.new_element.markdown.body = "text"
    return message.SerializeToString()


def _reference(path: tuple[int, ...]) -> bytes:
    message = ForwardMsg(ref_hash="abc")
    message.metadata.delta_path.extend(path)
    return message.SerializeToString()


def _finished(status: int) -> bytes:
    return ForwardMsg(script_finished=status).SerializeToString()


def test_the_maps_element_is_found_by_its_component_name():
    frames = [(1.0, _element((0, 0))), (1.1, _element(MAP_PATH, MAP_COMPONENT))]
    assert _map_path(frames) == MAP_PATH


def test_a_fragment_run_is_timed_from_request_to_finish_and_leaves_the_map_out():
    socket = _Socket(
        sent=[(10.0, _rerun_request("fragment-1"))],
        received=[
            (9.0, _element(MAP_PATH, MAP_COMPONENT)),  # before the request: not counted
            (10.02, _element((0, 9, 0))),
            (10.05, _finished(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)),
        ],
    )
    rerun = _read_rerun(socket, 0, 0, MAP_PATH)
    assert rerun is not None
    assert rerun.server_ms == 50.0
    assert rerun.fragment and rerun.elements == 1 and not rerun.map_sent


def test_a_run_stopped_for_the_next_is_not_the_end_and_a_cached_map_counts_as_rendered():
    socket = _Socket(
        sent=[(20.0, _rerun_request())],
        received=[
            (20.1, _finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN)),
            (20.2, _reference(MAP_PATH)),
            (20.4, _finished(ForwardMsg.FINISHED_SUCCESSFULLY)),
        ],
    )
    rerun = _read_rerun(socket, 0, 0, MAP_PATH)
    assert rerun is not None
    assert rerun.server_ms == 400.0
    assert not rerun.fragment and rerun.map_sent


def test_a_rerun_still_running_is_not_read():
    socket = _Socket(sent=[(30.0, _rerun_request())], received=[(30.1, _element((0, 2)))])
    assert _read_rerun(socket, 0, 0, MAP_PATH) is None
