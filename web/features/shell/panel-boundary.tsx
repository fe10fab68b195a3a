import { Component, type ReactNode } from 'react'

type PanelBoundaryProps = { fallback: ReactNode; children: ReactNode }
type PanelBoundaryState = { failed: boolean }

/** Keeps the map usable when a panel fails to render (e.g. an answer of an unexpected shape). */
export class PanelBoundary extends Component<PanelBoundaryProps, PanelBoundaryState> {
  override state: PanelBoundaryState = { failed: false }

  static getDerivedStateFromError(): PanelBoundaryState {
    return { failed: true }
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children
  }
}
